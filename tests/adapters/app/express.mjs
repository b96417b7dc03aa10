// Express (4 or 5, the module named on the command line) with createNodeMiddleware mounted three
// ways: alone, behind express.raw (a Buffer req.body is the raw body), and behind express.json
// (which consumes the body first: BODY_ALREADY_PARSED).
import { createNodeMiddleware } from "twenty-webhooks/node";
import { CALLS_PATH, MAX_BODY_BYTES, PATH, RESPOND_WITHIN_MS } from "./config.mjs";
import { callsJson, webhooks } from "./fixture.mjs";
import { listening } from "./listening.mjs";

const { default: express } = await import(process.argv[2]);
const options = { maxBodyBytes: MAX_BODY_BYTES, respondWithinMs: RESPOND_WITHIN_MS };

const app = express();
app.get(CALLS_PATH, (req, res) => res.type("application/json").send(callsJson()));
app.use("/raw", express.raw({ type: "application/json" }));
app.use("/parsed", express.json());
app.post("/echo", express.json(), (req, res) => res.json({ echo: req.body }));
app.use(createNodeMiddleware(webhooks, { path: PATH, ...options }));
app.use(createNodeMiddleware(webhooks, { path: `/raw${PATH}`, ...options }));
app.use(createNodeMiddleware(webhooks, { path: `/parsed${PATH}`, ...options }));
const server = app.listen(0, "127.0.0.1", () => listening(server.address().port));
