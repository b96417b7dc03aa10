// Serves a Fetch app (the module named on the command line) with Deno.serve.
const { fetch } = await import(Deno.args[0]);
Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) }, (request) => fetch(request));
