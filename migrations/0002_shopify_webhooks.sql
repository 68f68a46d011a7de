CREATE TABLE `shopify_webhook_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`topic` text NOT NULL,
	`shop_domain` text NOT NULL,
	`webhook_id` text,
	`triggered_at` text,
	`body` text NOT NULL,
	`status` text DEFAULT 'RECEIVED' NOT NULL,
	`note` text,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE INDEX `shopify_webhook_events_status` ON `shopify_webhook_events` (`status`,`received_at`);