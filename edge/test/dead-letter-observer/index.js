// Prints each dead letter as one `dead_letter_observed` JSON line (no body: its size only).
export default {
  async queue(batch) {
    for (const message of batch.messages) {
      const { deliveryId, eventName, destinations, attempt, body } = message.body;
      console.log(JSON.stringify({ event: "dead_letter_observed", deliveryId, eventName, destinations, attempt, inlineBodyBytes: body?.byteLength ?? null }));
      message.ack();
    }
  },
};
