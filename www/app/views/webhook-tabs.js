/**
 * @module views/webhook-tabs
 * The tabs of one webhook: its settings (Twenty's form) and the tester this demo adds.
 */
export function webhookTabs(id, current) {
  return [
    { label: "Settings", href: `#/webhooks/${id}`, current: current === "settings" },
    { label: "Test", href: `#/webhooks/${id}/test`, current: current === "test" },
  ];
}
