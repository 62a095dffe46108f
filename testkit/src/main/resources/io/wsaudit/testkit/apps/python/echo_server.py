"""wsaudit test kit: a WebSocket echo server on Python's `websockets` library (Debian's
python3-websockets 10.4, asyncio `websockets.serve`), as an ordinary asyncio service runs it.

It listens on 127.0.0.1 on a port the system picks (or --port N), prints `READY port=N` once it
serves (the line the test kit's launchers wait for) and echoes every message. The library's
defaults stay as they are: it answers pings itself and sends its own keepalive ping every 20 s
(ping_interval=20, ping_timeout=20), closing a peer that does not answer one. Nothing is printed
per frame. stdin: `exit` ends the process.
"""

import asyncio
import sys

import websockets


async def echo(websocket):
    async for message in websocket:
        await websocket.send(message)


def requested_port():
    args = sys.argv[1:]
    return int(args[args.index("--port") + 1]) if "--port" in args else 0


async def main():
    loop = asyncio.get_running_loop()
    stopped = loop.create_future()
    async with websockets.serve(echo, "127.0.0.1", requested_port()) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY port={port}", flush=True)

        def on_stdin():
            line = sys.stdin.readline()
            if line == "" or line.strip() == "exit":
                if not stopped.done():
                    stopped.set_result(None)

        loop.add_reader(sys.stdin.fileno(), on_stdin)
        await stopped


if __name__ == "__main__":
    asyncio.run(main())
