import { startEdge } from "./dev.mjs";
import { connect } from "./test/lib/websocket.mjs";
const edge = await startEdge({ sinkUrl: "http://127.0.0.1:9/x", secrets: ["s"], forwardSecret: "f", vars: { ADMIN_TOKEN: "tok", RELAY_MAX_LISTENERS: "2" } });
try {
  for (const [path, h] of [["/admin/deliveries", {}], ["/admin/deliveries", { Authorization: "Bearer nope" }], ["/admin/relay", { Authorization: "Bearer tok" }], ["/admin", {}], ["/admin/x", {Authorization: "Bearer tok"}]]) {
    const r = await fetch(edge.url + path, { headers: h });
    console.log(path, r.status, r.headers.get("www-authenticate"), await r.text());
  }
  const a = await connect(edge.url + "/admin/relay", { headers: { Authorization: "Bearer tok" } });
  const b = await connect(edge.url + "/admin/relay", { headers: { Authorization: "Bearer tok" } });
  const c = await connect(edge.url + "/admin/relay", { headers: { Authorization: "Bearer tok" } });
  const d = await connect(edge.url + "/admin/relay", { headers: { Authorization: "Bearer no" } });
  console.log(a.status, b.status, c.status, c.json, d.status, d.json);
  await a.listener.close();
  await new Promise((r) => setTimeout(r, 300));
  const e = await connect(edge.url + "/admin/relay", { headers: { Authorization: "Bearer tok" } });
  console.log("after close", e.status, e.json);
} finally {
  console.log(edge.logs().slice(-2000));
  await edge.stop();
}
