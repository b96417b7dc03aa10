/** Tells the driver where a test app listens: its first line of output. */
export function listening(port) {
  console.log(JSON.stringify({ port }));
}
