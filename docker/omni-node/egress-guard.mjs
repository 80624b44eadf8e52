#!/usr/bin/env node
// DeepSync egress guard: Letta Code PreToolUse hook for the omni-node container.
//
// Letta Code (checked against @letta-ai/letta-code 0.32.18) runs every matching PreToolUse hook before a
// tool executes, writes a JSON event to the hook's stdin ({event_type, tool_name, tool_input, tool_call_id,
// agent_id, working_directory}) and reads the exit code:
//   0  -> allow
//   2  -> block; stderr is handed back to the agent as the reason
//   anything else, a crash or a hook timeout -> "hook error", and THE TOOL STILL RUNS.
// So this script never exits with anything but 0 or 2, and the settings entry wraps it so that a crash or a
// missing node binary turns into 2 as well (see letta-settings.json). Its own deadline stays well under the
// hook timeout configured there.
//
// Before a shell or network tool runs, it asks the control plane:
//   POST ${DEEPSYNC_CONTROL_PLANE_URL}/api/nodes/${DEEPSYNC_NODE_ID}/egress/check
//   Authorization: Bearer <node token>
//   {"tool": "<tool name>", "command": "<command line or null>"}
// 200 {"allowed": true} allows; 200 {"allowed": false, reason, rule, severity} blocks; 401 means the node's
// credential was revoked (the node was suspended): block, and ask the start script to stop the agent server;
// any other status, a network error, a redirect, a malformed answer or a timeout blocks (fail closed).
//
// What is sent as "command" (the control plane's policy inspects it):
//   Bash, shell_command, ShellCommand, Monitor  tool_input.command (Monitor without a command: its ws.url)
//   exec_command                                tool_input.cmd
//   shell, Shell                                tool_input.command (an argv array), shell-quoted and joined
//   write_stdin                                 tool_input.chars (an empty poll is allowed without asking)
//   Workflow                                    tool_input.scriptPath, else tool_input.script
//   web/network tools and MCP tools (mcp__*)    the URL or query when there is one, else the input as JSON
//
// Two local checks keep the hook from being sidestepped by the agent itself (no control-plane call):
//   - File-writing tools (Write, Edit, MultiEdit, NotebookEdit, ApplyPatch) may not touch Letta settings files
//     (any .letta/settings.json or .letta/settings.local.json) or this container's DeepSync files.
//   - A guarded tool is refused while the working directory carries project-level Letta hooks: Letta runs
//     project hooks before this global one and lets them rewrite the tool input, so a project hook could
//     swap the command after it was checked.
// These narrow the gap; they do not make an in-process hook a sandbox. docs/operations.md says what remains.
//
// The token is read from DEEPSYNC_NODE_TOKEN_FILE (written by start.sh, mode 0400), falling back to the
// DEEPSYNC_NODE_TOKEN variable. It is never printed. Nothing is printed on allow.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const EXIT_ALLOW = 0;
const EXIT_BLOCK = 2;
const MAX_INPUT_BYTES = 1024 * 1024;
const MAX_REASON_CHARS = 500;
const DEFAULT_TIMEOUT_MS = 5000;
// Hard stop for the whole script, below the hook timeout in letta-settings.json (20 s).
const WATCHDOG_MS = 12000;

export const SHELL_TOOLS = new Set([
  "Bash",
  "shell",
  "Shell",
  "shell_command",
  "ShellCommand",
  "exec_command",
  "write_stdin",
  "Monitor",
  "Workflow",
]);

// Client-side web tools of Claude-style toolsets and the Letta base tools. Letta's own web_search and
// fetch_webpage run on the Letta server, not here: asking still records a strike on deny, but cannot stop them.
export const NETWORK_TOOLS = new Set(["WebFetch", "WebSearch", "web_search", "fetch_webpage", "http_request", "fetch"]);

export const FILE_WRITE_TOOLS = new Set(["Write", "Edit", "MultiEdit", "NotebookEdit", "ApplyPatch"]);

export function isGuarded(toolName) {
  return SHELL_TOOLS.has(toolName) || NETWORK_TOOLS.has(toolName) || toolName.startsWith("mcp__");
}

// Letta settings files (global, project and project-local) and the container's DeepSync files.
const PROTECTED_TEXT = /(^|[\\/])\.letta[\\/]+settings(\.local)?\.json|(^|[\\/])opt[\\/]+deepsync([\\/]|$)|(^|[\\/])\.deepsync([\\/]|$)/;

/** Whether a file-writing tool call targets a protected file. */
export function touchesProtectedFile(toolName, input, workingDirectory) {
  const args = input && typeof input === "object" && !Array.isArray(input) ? input : {};
  if (toolName === "ApplyPatch") {
    // The patch names its files inside its text ("*** Update File: <path>").
    return typeof args.input === "string" && PROTECTED_TEXT.test(args.input);
  }

  const target = stringOrNull(args.file_path) ?? stringOrNull(args.notebook_path) ?? stringOrNull(args.path);
  if (target === null) {
    return false;
  }

  const resolved = path.resolve(workingDirectory || "/", target);
  return PROTECTED_TEXT.test(resolved) || PROTECTED_TEXT.test(target);
}

/** Whether the working directory holds project-level Letta hooks (or a settings file that cannot be read). */
export function hasProjectHooks(workingDirectory) {
  if (!workingDirectory) {
    return false;
  }

  for (const name of ["settings.json", "settings.local.json"]) {
    const file = path.join(workingDirectory, ".letta", name);
    if (!existsSync(file)) {
      continue;
    }

    // The global settings file is not a project file even when the working directory is $HOME.
    if (process.env.HOME && path.resolve(file) === path.resolve(process.env.HOME, ".letta", "settings.json")) {
      continue;
    }

    let settings;
    try {
      settings = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return true;
    }

    const hooks = settings?.hooks;
    if (hooks && typeof hooks === "object" && Object.values(hooks).some((v) => Array.isArray(v) && v.length > 0)) {
      return true;
    }
  }

  return false;
}

// POSIX single-quote quoting, so that an argv array reads as the command line a shell would have been given.
function shellQuote(arg) {
  const text = String(arg);
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

function stringOrNull(value) {
  return typeof value === "string" ? value : null;
}

/** The text the control plane inspects for this tool call, or null when there is none. */
export function commandFor(toolName, input) {
  const args = input && typeof input === "object" && !Array.isArray(input) ? input : {};
  switch (toolName) {
    case "Bash":
    case "shell_command":
    case "ShellCommand":
      return stringOrNull(args.command);
    case "Monitor":
      return stringOrNull(args.command) ?? stringOrNull(args.ws?.url);
    case "exec_command":
      return Array.isArray(args.cmd) ? args.cmd.map(shellQuote).join(" ") : stringOrNull(args.cmd);
    case "shell":
    case "Shell":
      return Array.isArray(args.command) ? args.command.map(shellQuote).join(" ") : stringOrNull(args.command);
    case "write_stdin":
      return stringOrNull(args.chars);
    case "Workflow":
      return stringOrNull(args.scriptPath) ?? stringOrNull(args.script);
    default: {
      const target = stringOrNull(args.url) ?? stringOrNull(args.query);
      if (target !== null) {
        return target;
      }

      const json = JSON.stringify(args);
      return json === "{}" ? null : json;
    }
  }
}

function sanitize(text) {
  // The reason comes from the control plane and is shown to the agent: one line, bounded, no control characters.
  return String(text ?? "")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .trim()
    .slice(0, MAX_REASON_CHARS);
}

function block(message) {
  process.stderr.write(`DeepSync egress guard: ${sanitize(message)}\n`);
  process.exit(EXIT_BLOCK);
}

function readToken() {
  const file = process.env.DEEPSYNC_NODE_TOKEN_FILE;
  if (file) {
    try {
      const token = readFileSync(file, "utf8").trim();
      if (token) {
        return token;
      }
    } catch {
      // fall through to the variable
    }
  }

  const token = (process.env.DEEPSYNC_NODE_TOKEN ?? "").trim();
  return token || null;
}

const LOOPBACK_OR_PRIVATE = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|[a-z0-9-]+\.railway\.internal)$/i;

/** The egress-check URL, or null when the configuration is unusable (which blocks). */
export function checkUrl(baseUrl, nodeId) {
  if (!baseUrl || !nodeId) {
    return null;
  }

  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }

  // The bearer token must not cross the public internet in clear text: plain http only on loopback or
  // Railway's private network (WireGuard-encrypted).
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_OR_PRIVATE.test(url.hostname));
  if (!secure || url.username || url.password || url.search || url.hash) {
    return null;
  }

  const base = url.href.replace(/\/+$/, "");
  return `${base}/api/nodes/${encodeURIComponent(nodeId)}/egress/check`;
}

function signalSupervisor() {
  // start.sh stops the agent server on SIGUSR1 and exits 0, so the restart policy does not bring it back
  // with a revoked credential.
  const pid = Number.parseInt(process.env.DEEPSYNC_SUPERVISOR_PID ?? "", 10);
  if (Number.isInteger(pid) && pid > 1) {
    try {
      process.kill(pid, "SIGUSR1");
    } catch {
      // the supervisor is gone already
    }
  }
}

async function readStdin() {
  const chunks = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += chunk.length;
    if (size > MAX_INPUT_BYTES) {
      block("tool call too large to inspect; refused.");
    }

    chunks.push(chunk);
  }

  return Buffer.concat(chunks).toString("utf8");
}

async function ask(url, token, body, timeoutMs) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const what = error?.name === "TimeoutError" ? "did not answer in time" : "could not be reached";
    block(`the control plane ${what}; tool refused (fail closed).`);
  }

  if (response.status === 401) {
    signalSupervisor();
    block("this node's credential was rejected (node suspended or credential revoked); tool refused and the agent server is stopping.");
  }

  if (response.status !== 200) {
    block(`the control plane answered HTTP ${response.status}; tool refused (fail closed).`);
  }

  let decision;
  try {
    decision = await response.json();
  } catch {
    block("the control plane's answer was not JSON; tool refused (fail closed).");
  }

  if (decision?.allowed === true) {
    process.exit(EXIT_ALLOW);
  }

  const reason = sanitize(decision?.reason) || "denied by policy";
  const rule = sanitize(decision?.rule);
  const severity = sanitize(decision?.severity);
  const details = [rule && `rule ${rule}`, severity && `severity ${severity}`].filter(Boolean).join(", ");
  block(`denied: ${reason}${details ? ` (${details})` : ""}`);
}

async function main(argv) {
  if (argv.includes("--self-test")) {
    // start.sh runs this once before the agent server starts: proves node can load the script.
    process.stdout.write("egress-guard ok\n");
    process.exit(EXIT_ALLOW);
  }

  const raw = await readStdin();
  let event;
  try {
    event = JSON.parse(raw);
  } catch {
    block("unreadable hook input; tool refused.");
  }

  const toolName = typeof event?.tool_name === "string" ? event.tool_name : "";
  if (!toolName) {
    block("hook input names no tool; tool refused.");
  }

  const workingDirectory = typeof event.working_directory === "string" ? event.working_directory : process.cwd();
  if (FILE_WRITE_TOOLS.has(toolName)) {
    if (touchesProtectedFile(toolName, event.tool_input, workingDirectory)) {
      block("Letta settings and DeepSync files cannot be changed by the agent; tool refused.");
    }

    process.exit(EXIT_ALLOW);
  }

  if (!isGuarded(toolName)) {
    // The settings matcher should not send other tools here; they are not the egress guard's business.
    process.exit(EXIT_ALLOW);
  }

  if (hasProjectHooks(workingDirectory)) {
    block(`project-level Letta hooks in ${workingDirectory}/.letta are not permitted on DeepSync nodes; tool refused.`);
  }

  const command = commandFor(toolName, event.tool_input);
  if (toolName === "write_stdin" && (command === null || command === "")) {
    // An empty write only polls a session that was itself checked when it started.
    process.exit(EXIT_ALLOW);
  }

  const url = checkUrl(process.env.DEEPSYNC_CONTROL_PLANE_URL, process.env.DEEPSYNC_NODE_ID);
  if (!url) {
    block("DEEPSYNC_CONTROL_PLANE_URL / DEEPSYNC_NODE_ID missing or unsafe (https required off the private network); tool refused.");
  }

  const token = readToken();
  if (!token) {
    block("no node credential available; tool refused.");
  }

  const configured = Number.parseInt(process.env.DEEPSYNC_EGRESS_TIMEOUT_MS ?? "", 10);
  const timeoutMs = Number.isInteger(configured) && configured > 0 ? Math.min(configured, WATCHDOG_MS - 2000) : DEFAULT_TIMEOUT_MS;
  await ask(url, token, { tool: toolName, command }, timeoutMs);
}

// Only when run as a program (the test imports the pure helpers above).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  setTimeout(() => block("egress check took too long; tool refused (fail closed)."), WATCHDOG_MS).unref();
  process.on("uncaughtException", () => block("internal error in the egress guard; tool refused (fail closed)."));
  process.on("unhandledRejection", () => block("internal error in the egress guard; tool refused (fail closed)."));
  await main(process.argv.slice(2));
}
