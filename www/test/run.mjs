// node www/test/run.mjs — the demo page in real headless Chromium (see www/README.md for what
// each file covers). Exits non-zero when a test fails; screenshots go to tests/artifacts/www/.
import { after } from "node:test";
import { closeAll } from "./harness.mjs";
import "./webhooks.test.mjs";
import "./tester.test.mjs";
import "./check.test.mjs";
import "./phone.test.mjs";
import "./static.test.mjs";
import "./deliveries.test.mjs";

after(closeAll);
