/**
 * @module twenty-webhooks/cli/secret
 * `secret`: a new secret as Twenty generates one (64 lowercase hex digits).
 */
import { generateSecret } from "../node.js";
import { EXIT } from "./usage.js";

export default {
  name: "secret",
  summary: "a new secret, as Twenty generates one",
  usage: "secret",
  options: {},
  examples: ["twenty-webhooks secret", 'export TWENTY_WEBHOOK_SECRET="$(twenty-webhooks secret)"'],
  run(_args, { out }) {
    const secret = generateSecret();
    if (out.json) out.document({ ok: true, secret });
    else out.line(secret);
    return EXIT.OK;
  },
};
