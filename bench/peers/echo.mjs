// The floor: a WebSocket server that sends every message straight back.
//   node bench/peers/echo.mjs <port>
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const port = Number(process.argv[2]);
const http = createServer((_request, response) => response.end("okay"));
const sockets = new WebSocketServer({ server: http, perMessageDeflate: false });
sockets.on("connection", (socket) => socket.on("message", (data) => socket.send(data)));
http.listen(port, "127.0.0.1");
