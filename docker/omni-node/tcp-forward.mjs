#!/usr/bin/env node
// Forwards the container's public port (dual-stack, default [::]:$PORT) to the Letta Code app server on
// 127.0.0.1:$DEEPSYNC_AGENT_INTERNAL_PORT, byte for byte (HTTP, server-sent events and WebSocket upgrades
// pass through unchanged).
//
// Why: Letta Code 0.32.18 cannot listen on an IPv6 address. `letta server --listen ws://[::]:8080` binds,
// then builds its own URL as "ws://:::8080" without brackets, `new URL()` throws "Invalid URL" and the
// server exits. Railway's private network is IPv6 (and only IPv6 in environments created before
// 2025-10-16), so Letta listens on loopback and this forwarder listens on "::", which on Linux also
// accepts IPv4.
import net from "node:net";

const listenHost = process.env.DEEPSYNC_LISTEN_HOST || "::";
const listenPort = Number.parseInt(process.env.PORT ?? "8080", 10);
const targetPort = Number.parseInt(process.env.DEEPSYNC_AGENT_INTERNAL_PORT ?? "8081", 10);
const targetHost = "127.0.0.1";

function log(message) {
  process.stderr.write(`omni-node forwarder: ${message}\n`);
}

for (const [name, port] of [["PORT", listenPort], ["DEEPSYNC_AGENT_INTERNAL_PORT", targetPort]]) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    log(`${name} must be a port number (1-65535)`);
    process.exit(64);
  }
}

const server = net.createServer((client) => {
  const upstream = net.connect({ host: targetHost, port: targetPort });
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream);
  upstream.pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on("error", close);
  upstream.on("error", close);
  client.on("close", close);
  upstream.on("close", close);
});

server.on("error", (error) => {
  log(`cannot listen on [${listenHost}]:${listenPort}: ${error.message}`);
  process.exit(1);
});

server.listen({ host: listenHost, port: listenPort }, () => {
  log(`[${listenHost}]:${listenPort} -> ${targetHost}:${targetPort}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Open connections (a streaming reply, a WebSocket) do not hold the container up for long.
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
