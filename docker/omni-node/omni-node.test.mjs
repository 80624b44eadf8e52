// Tests of the omni-node egress-guard hook (against a fake control plane on loopback) and the TCP forwarder.
// Run: node --test docker/omni-node/
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const guard = path.join(here, "egress-guard.mjs");
const TOKEN = "node-secret-token-7f3a9c";

let server;
let baseUrl;
let requests = [];
let behaviour = () => ({ status: 200, body: { allowed: true, reason: "", rule: "", severity: "none" } });

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, auth: req.headers.authorization, body: body ? JSON.parse(body) : null });
      const answer = behaviour(req);
      if (answer.hang) {
        return; // never answers
      }

      res.writeHead(answer.status, { "content-type": "application/json", ...(answer.headers ?? {}) });
      res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

function workdir() {
  const dir = mkdtempSync(path.join(tmpdir(), "egress-guard-"));
  mkdirSync(path.join(dir, "home", ".letta"), { recursive: true });
  mkdirSync(path.join(dir, "ws"), { recursive: true });
  writeFileSync(path.join(dir, "token"), TOKEN);
  return dir;
}

function run(event, { env = {}, dir = workdir() } = {}) {
  requests = [];
  const child = spawn(process.execPath, [guard], {
    env: {
      PATH: process.env.PATH,
      HOME: path.join(dir, "home"),
      DEEPSYNC_NODE_ID: "node-42",
      DEEPSYNC_CONTROL_PLANE_URL: baseUrl,
      DEEPSYNC_NODE_TOKEN_FILE: path.join(dir, "token"),
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  child.stdin.end(JSON.stringify({ event_type: "PreToolUse", working_directory: path.join(dir, "ws"), ...event }));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr, requests: [...requests] })));
}

describe("egress guard hook", () => {
  test("an allowed shell command exits 0 after asking with the node token", async () => {
    behaviour = () => ({ status: 200, body: { allowed: true, reason: "", rule: "", severity: "none" } });
    const r = await run({ tool_name: "Bash", tool_input: { command: "ls -la" } });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "");
    assert.equal(r.requests.length, 1);
    assert.equal(r.requests[0].method, "POST");
    assert.equal(r.requests[0].url, "/api/nodes/node-42/egress/check");
    assert.equal(r.requests[0].auth, `Bearer ${TOKEN}`);
    assert.deepEqual(r.requests[0].body, { tool: "Bash", command: "ls -la" });
  });

  test("a denied command exits 2 with the reason, rule and severity, never the token", async () => {
    behaviour = () => ({ status: 200, body: { allowed: false, reason: "curl is not allowed", rule: "denied_command:curl", severity: "medium" } });
    const r = await run({ tool_name: "exec_command", tool_input: { cmd: "/usr/bin/curl http://example.com" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /denied: curl is not allowed \(rule denied_command:curl, severity medium\)/);
    assert.equal(r.requests[0].body.command, "/usr/bin/curl http://example.com");
    assert.ok(!r.stderr.includes(TOKEN));
  });

  test("an argv array is sent shell-quoted", async () => {
    behaviour = () => ({ status: 200, body: { allowed: true } });
    const r = await run({ tool_name: "shell", tool_input: { command: ["bash", "-lc", "echo 'hi' | wc"] } });
    assert.equal(r.code, 0);
    assert.equal(r.requests[0].body.command, `bash -lc 'echo '\\''hi'\\'' | wc'`);
  });

  test("401 blocks and signals the supervisor to stop", async () => {
    behaviour = () => ({ status: 401, body: { error: "revoked" } });
    const supervisor = spawn(process.execPath, ["-e", "process.on('SIGUSR1', () => { process.stdout.write('usr1'); process.exit(0); }); setTimeout(() => process.exit(3), 10000);"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    supervisor.stdout.on("data", (c) => (out += c));
    const closed = new Promise((resolve) => supervisor.on("close", resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const r = await run({ tool_name: "Bash", tool_input: { command: "ls" } }, { env: { DEEPSYNC_SUPERVISOR_PID: String(supervisor.pid) } });
    const code = await closed;
    assert.equal(r.code, 2);
    assert.match(r.stderr, /credential was rejected/);
    assert.equal(out, "usr1");
    assert.equal(code, 0);
  });

  for (const [name, answer] of [
    ["a 500", { status: 500, body: "oops" }],
    ["a 403", { status: 403, body: {} }],
    ["a redirect", { status: 302, body: {}, headers: { location: "http://127.0.0.1:1/elsewhere" } }],
    ["a non-JSON 200", { status: 200, body: "<html>" }],
    ["a 200 without allowed:true", { status: 200, body: { allowed: "yes" } }],
  ]) {
    test(`${name} fails closed`, async () => {
      behaviour = () => answer;
      const r = await run({ tool_name: "Bash", tool_input: { command: "ls" } });
      assert.equal(r.code, 2, r.stderr);
    });
  }

  test("a control plane that does not answer in time fails closed", async () => {
    behaviour = () => ({ hang: true });
    const started = Date.now();
    const r = await run({ tool_name: "Bash", tool_input: { command: "ls" } }, { env: { DEEPSYNC_EGRESS_TIMEOUT_MS: "300" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /did not answer in time/);
    assert.ok(Date.now() - started < 5000);
  });

  test("an unreachable control plane fails closed", async () => {
    const r = await run({ tool_name: "Bash", tool_input: { command: "ls" } }, { env: { DEEPSYNC_CONTROL_PLANE_URL: "http://127.0.0.1:1" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /could not be reached/);
  });

  test("plain http to a public host is refused before the token is sent", async () => {
    const r = await run({ tool_name: "Bash", tool_input: { command: "ls" } }, { env: { DEEPSYNC_CONTROL_PLANE_URL: "http://control.example.com" } });
    assert.equal(r.code, 2);
    assert.equal(r.requests.length, 0);
  });

  test("a missing token fails closed", async () => {
    const r = await run({ tool_name: "Bash", tool_input: { command: "ls" } }, { env: { DEEPSYNC_NODE_TOKEN_FILE: "/nonexistent" } });
    assert.equal(r.code, 2);
    assert.equal(r.requests.length, 0);
  });

  test("unreadable hook input fails closed", async () => {
    requests = [];
    const child = spawnSync(process.execPath, [guard], { input: "not json", env: { PATH: process.env.PATH } });
    assert.equal(child.status, 2);
  });

  test("tools that are not shell or network tools are not sent to the control plane", async () => {
    const r = await run({ tool_name: "Read", tool_input: { file_path: "/etc/hosts" } });
    assert.equal(r.code, 0);
    assert.equal(r.requests.length, 0);
  });

  test("an empty write_stdin poll is allowed without asking", async () => {
    const r = await run({ tool_name: "write_stdin", tool_input: { session_id: 3, chars: "" } });
    assert.equal(r.code, 0);
    assert.equal(r.requests.length, 0);
  });

  test("network and MCP tools send their URL or input", async () => {
    behaviour = () => ({ status: 200, body: { allowed: true } });
    let r = await run({ tool_name: "WebFetch", tool_input: { url: "https://example.com/a", prompt: "x" } });
    assert.equal(r.requests[0].body.command, "https://example.com/a");
    r = await run({ tool_name: "mcp__github__create_issue", tool_input: { title: "t" } });
    assert.equal(r.code, 0);
    assert.equal(r.requests[0].body.command, '{"title":"t"}');
  });

  test("file tools may not touch Letta settings or DeepSync files", async () => {
    const dir = workdir();
    for (const input of [
      { tool_name: "Write", tool_input: { file_path: path.join(dir, "home", ".letta", "settings.json"), content: "{}" } },
      { tool_name: "Write", tool_input: { file_path: ".letta/settings.local.json", content: "{}" } },
      { tool_name: "Edit", tool_input: { file_path: "/opt/deepsync/egress-guard.mjs", old_string: "a", new_string: "b" } },
      { tool_name: "ApplyPatch", tool_input: { input: "*** Begin Patch\n*** Add File: proj/.letta/settings.json\n+{}\n*** End Patch" } },
    ]) {
      const r = await run(input, { dir });
      assert.equal(r.code, 2, JSON.stringify(input));
      assert.equal(r.requests.length, 0);
    }

    const ok = await run({ tool_name: "Write", tool_input: { file_path: "notes/settings.json", content: "{}" } }, { dir });
    assert.equal(ok.code, 0);
    assert.equal(ok.requests.length, 0);
  });

  test("project-level hooks in the working directory block guarded tools", async () => {
    behaviour = () => ({ status: 200, body: { allowed: true } });
    const dir = workdir();
    mkdirSync(path.join(dir, "ws", ".letta"));
    writeFileSync(path.join(dir, "ws", ".letta", "settings.json"), JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "true" }] }] } }));
    const r = await run({ tool_name: "Bash", tool_input: { command: "ls" } }, { dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /project-level Letta hooks/);
    assert.equal(r.requests.length, 0);
  });

  test("the settings wrapper turns a crash of the hook into a block", () => {
    const settings = JSON.parse(readFileSync(path.join(here, "letta-settings.json"), "utf8"));
    const command = settings.hooks.PreToolUse[0].hooks[0].command;
    assert.equal(settings.hooks.disabled, false);
    const broken = command.replace("/usr/local/bin/node", "/nonexistent/node");
    const r = spawnSync("bash", ["-c", broken], { input: "{}" });
    assert.equal(r.status, 2);
    // The real command also blocks under Letta's optional strict prelude (set -euo pipefail).
    const strict = spawnSync("bash", ["-c", `set -euo pipefail\n${broken}`], { input: "{}" });
    assert.equal(strict.status, 2);
  });

  test("the settings matcher covers every shell tool Letta Code 0.32 knows", () => {
    const settings = JSON.parse(readFileSync(path.join(here, "letta-settings.json"), "utf8"));
    const matcher = new RegExp(`^(?:${settings.hooks.PreToolUse[0].matcher})$`);
    for (const tool of ["Bash", "shell", "Shell", "shell_command", "ShellCommand", "exec_command", "write_stdin", "Monitor", "Workflow", "WebFetch", "web_search", "fetch_webpage", "mcp__x__y", "Write", "Edit", "MultiEdit", "NotebookEdit", "ApplyPatch"]) {
      assert.ok(matcher.test(tool), tool);
    }

    for (const tool of ["Read", "Grep", "Glob", "memory", "TodoWrite"]) {
      assert.ok(!matcher.test(tool), tool);
    }
  });
});

describe("tcp forwarder", () => {
  test("serves the loopback app server on [::] for IPv4 and IPv6 clients, streaming included", async () => {
    const upstream = createServer((req, res) => {
      if (req.url === "/healthz") {
        res.end("ok\n");
        return;
      }

      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: 1\n\n");
      setTimeout(() => res.end("data: 2\n\n"), 50);
    });
    await new Promise((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const probe = createServer();
    await new Promise((resolve) => probe.listen(0, "::", resolve));
    const port = probe.address().port;
    await new Promise((resolve) => probe.close(resolve));

    const forwarder = spawn(process.execPath, [path.join(here, "tcp-forward.mjs")], {
      env: { PATH: process.env.PATH, PORT: String(port), DEEPSYNC_AGENT_INTERNAL_PORT: String(upstream.address().port) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      await new Promise((resolve) => forwarder.stderr.once("data", resolve));
      assert.equal(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text(), "ok\n");
      assert.equal(await (await fetch(`http://[::1]:${port}/healthz`)).text(), "ok\n");
      assert.equal(await (await fetch(`http://127.0.0.1:${port}/v1/chat/completions`)).text(), "data: 1\n\ndata: 2\n\n");
    } finally {
      const exited = new Promise((resolve) => forwarder.on("close", resolve));
      forwarder.kill("SIGTERM");
      assert.equal(await exited, 0);
      upstream.close();
    }
  });
});
