// Serves a Fetch app (the module named on the command line) with Bun.serve.
import { listening } from "./listening.mjs";

const { fetch } = await import(process.argv[2]);
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => fetch(request) });
listening(server.port);
