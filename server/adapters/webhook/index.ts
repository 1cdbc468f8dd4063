// Outgoing webhooks (alert notifications): one bounded POST per delivery, answered with what happened.
import "server-only";
export { webhookSender, type WebhookDelivery } from "./webhook.ts";
