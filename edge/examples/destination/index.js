// A destination behind the edge receiver, as a Cloudflare Worker. It verifies each hop with
// verifyForwarded (the signature covers the delivery id, so a captured hop cannot pass for
// another delivery), then acts once per delivery id. SEEN is a KV namespace; where acting
// twice must never happen, claim the id in a Durable Object instead (KV is not atomic).
import { verifyForwarded, WebhookVerificationError } from "twenty-webhooks";

export default {
  async fetch(request, env) {
    const body = await request.text();
    let delivery;
    try {
      delivery = verifyForwarded({ secret: env.FORWARD_SECRET, headers: request.headers, body });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      const { code, message, hint } = error;
      return Response.json({ error: { code, message, hint } }, { status: 401 });
    }
    const { deliveryId, payload } = delivery;
    if (await env.SEEN.get(deliveryId)) return Response.json({ duplicate: true, deliveryId });
    console.log(JSON.stringify({ event: "handled", deliveryId, eventName: payload.eventName })); // your work here
    await env.SEEN.put(deliveryId, "1", { expirationTtl: 86_400 }); // the receiver retries for hours, not days
    return Response.json({ ok: true, deliveryId });
  },
};
