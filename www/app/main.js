/**
 * @module main
 * Loads the package's WebAssembly, reads the optional demo configuration, then shows the page.
 */
import { init } from "twenty-webhooks";
import { loadConfig, seedDemoWebhook } from "./demo-config.js";
import { startRouter } from "./router.js";

const main = document.querySelector("main");
try {
  const [config] = await Promise.all([loadConfig(), init()]);
  seedDemoWebhook(config);
  startRouter({ main, config });
} catch (error) {
  main.replaceChildren(Object.assign(document.createElement("p"), { className: "notice error", textContent: `The page could not start: ${error.message}` }));
  throw error;
}
