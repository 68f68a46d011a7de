CREATE TABLE `shopify_branch_locations` (
	`branch_id` text PRIMARY KEY NOT NULL,
	`location_id` text NOT NULL,
	`mapped_at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `shopify_locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `shopify_locations` (
	`id` text PRIMARY KEY NOT NULL,
	`legacy_resource_id` text NOT NULL,
	`name` text NOT NULL,
	`is_active` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shopify_push_batch_rows` (
	`batch_id` text NOT NULL,
	`outbox_id` text NOT NULL,
	PRIMARY KEY(`batch_id`, `outbox_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `shopify_push_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shopify_push_batch_rows_outbox` ON `shopify_push_batch_rows` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `shopify_push_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`variables` text NOT NULL,
	`reference_document_uri` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_error_code` text,
	`next_attempt_at` integer NOT NULL,
	`adjustment_group_id` text,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`synced_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shopify_push_batches_idempotencyKey_unique` ON `shopify_push_batches` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `shopify_push_batches_due` ON `shopify_push_batches` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `shopify_sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
