/**
 * The tests' webhook receiver: the one the webhook benchmark uses too (scripts/lib/webhook-receiver.js),
 * typed from its JSDoc.
 */
export { WebhookReceiver, webhookSecret, type Received } from '../../scripts/lib/webhook-receiver';
