#!/usr/bin/env bash
# Start script of the DeepSync omni-node container: checks its configuration, stores the secrets it was
# given in files only this user can read, proves the egress-guard hook can run, then supervises
# `letta server` with its OpenAI-compatible API on 127.0.0.1:$DEEPSYNC_AGENT_INTERNAL_PORT and
# tcp-forward.mjs, which exposes it on the private network at [::]:$PORT (Letta Code 0.32.18 cannot
# listen on an IPv6 address itself; see tcp-forward.mjs).
#
# Never add `set -x` (or `bash -x`) here: it would print DEEPSYNC_NODE_TOKEN and the agent API token.
# Messages name variables, never their values.
set -euo pipefail
umask 077

log() { printf 'omni-node: %s\n' "$*" >&2; }
die() { log "cannot start: $*"; exit 64; }

readonly GUARD=/opt/deepsync/egress-guard.mjs
readonly SETTINGS_TEMPLATE=/opt/deepsync/letta-settings.json
readonly SECRETS_DIR="${HOME}/.deepsync"

# --- configuration -----------------------------------------------------------------------------------
[[ -n "${DEEPSYNC_NODE_ID:-}" ]] || die "DEEPSYNC_NODE_ID is not set."
[[ "${DEEPSYNC_NODE_ID}" =~ ^[A-Za-z0-9._-]{1,128}$ ]] || die "DEEPSYNC_NODE_ID must be 1-128 letters, digits, '.', '_' or '-'."
[[ -n "${DEEPSYNC_NODE_TOKEN:-}" ]] || die "DEEPSYNC_NODE_TOKEN is not set."
[[ -n "${DEEPSYNC_CONTROL_PLANE_URL:-}" ]] || die "DEEPSYNC_CONTROL_PLANE_URL is not set."

# The bearer token must not travel in clear text over the internet: https, or plain http only to
# loopback or Railway's private network (WireGuard-encrypted). The hook enforces the same rule.
case "${DEEPSYNC_CONTROL_PLANE_URL}" in
  https://*) ;;
  http://localhost[:/]* | http://localhost | http://127.*) ;;
  http://\[::1\]*) ;;
  http://*.railway.internal | http://*.railway.internal[:/]*) ;;
  *) die "DEEPSYNC_CONTROL_PLANE_URL must be https:// (plain http only for localhost or *.railway.internal)." ;;
esac

PORT="${PORT:-8080}"
if ! [[ "${PORT}" =~ ^[0-9]{1,5}$ ]] || (( 10#${PORT} < 1 || 10#${PORT} > 65535 )); then
  die "PORT must be a port number (1-65535)."
fi

INTERNAL_PORT="${DEEPSYNC_AGENT_INTERNAL_PORT:-8081}"
if ! [[ "${INTERNAL_PORT}" =~ ^[0-9]{1,5}$ ]] || (( 10#${INTERNAL_PORT} < 1 || 10#${INTERNAL_PORT} > 65535 || 10#${INTERNAL_PORT} == 10#${PORT} )); then
  die "DEEPSYNC_AGENT_INTERNAL_PORT must be a port number (1-65535) other than PORT."
fi
export PORT DEEPSYNC_AGENT_INTERNAL_PORT="${INTERNAL_PORT}"
# The forwarder binds DEEPSYNC_LISTEN_HOST (default '::', dual-stack): Railway's private network is IPv6
# (legacy environments) or IPv4 and IPv6.
export DEEPSYNC_LISTEN_HOST="${DEEPSYNC_LISTEN_HOST:-::}"

if [[ -z "${LETTA_API_KEY:-}" && "${LETTA_LOCAL_BACKEND_EXPERIMENTAL:-}" != "1" ]]; then
  die "LETTA_API_KEY is not set (or set LETTA_LOCAL_BACKEND_EXPERIMENTAL=1 with a model provider key such as ANTHROPIC_API_KEY or OPENAI_API_KEY)."
fi

# --- secrets into files --------------------------------------------------------------------------------
mkdir -p "${SECRETS_DIR}"
chmod 700 "${SECRETS_DIR}"

write_secret() { # name value: printf is a builtin, so the value never shows in a process list
  local file="${SECRETS_DIR}/$1"
  rm -f "${file}"
  printf '%s' "$2" > "${file}"
  chmod 400 "${file}"
}

write_secret node-token "${DEEPSYNC_NODE_TOKEN}"
export DEEPSYNC_NODE_TOKEN_FILE="${SECRETS_DIR}/node-token"

# The control plane calls this node with `Authorization: Bearer <agent API token>`. Letta checks it even on
# loopback, which also keeps the agent's own shell from driving the app server through 127.0.0.1. Prefer the
# SHA-256 form: then the token itself never exists in this container.
auth_args=(--ws-auth capability-token)
if [[ -n "${DEEPSYNC_AGENT_API_TOKEN_SHA256:-}" ]]; then
  [[ "${DEEPSYNC_AGENT_API_TOKEN_SHA256}" =~ ^[0-9a-fA-F]{64}$ ]] || die "DEEPSYNC_AGENT_API_TOKEN_SHA256 must be 64 hex digits."
  auth_args+=(--ws-token-sha256 "${DEEPSYNC_AGENT_API_TOKEN_SHA256}")
elif [[ -n "${DEEPSYNC_AGENT_API_TOKEN:-}" ]]; then
  write_secret agent-api-token "${DEEPSYNC_AGENT_API_TOKEN}"
  auth_args+=(--ws-token-file "${SECRETS_DIR}/agent-api-token")
else
  die "DEEPSYNC_AGENT_API_TOKEN_SHA256 (or DEEPSYNC_AGENT_API_TOKEN) is not set: the agent API would be unauthenticated."
fi

# The values now live in files; the agent server and its tools do not need them in their environment.
unset DEEPSYNC_NODE_TOKEN DEEPSYNC_AGENT_API_TOKEN

# --- the hook must be in force -----------------------------------------------------------------------
# The image bakes the settings root-owned and read-only in a sticky directory, so the agent (this user)
# can neither edit nor replace them. Refuse to run if that is not what we find (e.g. a volume mounted over
# ~/.letta), because Letta would then run tools with no egress guard.
settings="${HOME}/.letta/settings.json"
cmp -s "${SETTINGS_TEMPLATE}" "${settings}" || die "${settings} is missing or differs from ${SETTINGS_TEMPLATE}; do not mount a volume over ${HOME}/.letta."
[[ ! -w "${settings}" ]] || die "${settings} is writable by the agent user; the egress-guard hook could be removed."
node "${GUARD}" --self-test > /dev/null || die "the egress-guard hook does not run."

# --- run ------------------------------------------------------------------------------------------------
# The hook signals this script (SIGUSR1) when the control plane rejects the node's credential: the node was
# suspended, so the agent server stops and the container exits 0 (an ON_FAILURE restart policy leaves it down).
export DEEPSYNC_SUPERVISOR_PID=$$
letta_pid=""
forward_pid=""
requested=""
revoked=""

# shellcheck disable=SC2317 # invoked from the traps below
stop_children() {
  local pid
  for pid in "${letta_pid}" "${forward_pid}"; do
    if [[ -n "${pid}" ]] && kill -0 "${pid}" 2> /dev/null; then
      kill -TERM "${pid}" 2> /dev/null || true
    fi
  done
}

trap 'log "stopping (signal)"; requested=1; stop_children' TERM INT
trap 'log "node credential rejected by the control plane (node suspended): stopping the agent server"; revoked=1; stop_children' USR1

mkdir -p "${HOME}/workspace"
cd "${HOME}/workspace"

log "starting letta server for node ${DEEPSYNC_NODE_ID}: OpenAI-compatible API under /v1, health at /healthz, on [${DEEPSYNC_LISTEN_HOST}]:${PORT}"
letta server --listen "ws://127.0.0.1:${INTERNAL_PORT}" --openai-api "${auth_args[@]}" &
letta_pid=$!
node /opt/deepsync/tcp-forward.mjs &
forward_pid=$!

# Run until either process ends (or a signal asks us to stop); then stop the other one too.
# `wait -n` also returns early when a trapped signal arrives, hence the loop.
status=0
while kill -0 "${letta_pid}" 2> /dev/null && kill -0 "${forward_pid}" 2> /dev/null; do
  if wait -n "${letta_pid}" "${forward_pid}"; then status=0; else status=$?; fi
done

if [[ -z "${requested}" && -z "${revoked}" ]]; then
  log "a process exited unexpectedly (status ${status}); stopping the container"
fi

stop_children
wait "${letta_pid}" 2> /dev/null || true
wait "${forward_pid}" 2> /dev/null || true

if [[ -n "${revoked}" || -n "${requested}" ]]; then
  exit 0
fi

# Either process ending on its own is a failure, even with status 0, so the restart policy applies.
exit $(( status == 0 ? 1 : status ))
