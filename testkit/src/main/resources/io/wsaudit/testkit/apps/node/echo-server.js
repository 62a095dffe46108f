// wsaudit test kit: a WebSocket echo server on Node.js and the `ws` library (npm, pinned in
// package-lock.json), as an ordinary Node service runs it. It listens on 127.0.0.1 on a port the
// system picks (or --port N), prints `READY port=N` once it serves (the line the test kit's
// launchers wait for), echoes text and binary messages, and lets `ws` answer pings (autoPong).
// Nothing is printed per frame. stdin: `exit` ends the process.
'use strict';

const { WebSocketServer } = require('ws');
const readline = require('readline');

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

// No path and no verifyClient: every path upgrades, and a plain HTTP request gets ws's own 426.
const wss = new WebSocketServer({ host: '127.0.0.1', port });

wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  // A peer that vanishes surfaces here; an echo server has nothing to do about it.
  socket.on('error', () => {});
});

wss.on('listening', () => {
  process.stdout.write(`READY port=${wss.address().port}\n`);
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'exit') {
    process.exit(0);
  }
});
