// Starts Blazor with its circuit on a WebSocket from the first request (no negotiate request), so a
// circuit never depends on two requests reaching the same web replica.
Blazor.start({
  circuit: {
    configureSignalR: function (builder) {
      builder.withUrl("_blazor", { skipNegotiation: true, transport: 1 /* WebSockets */ });
    },
  },
});
