CREATE TABLE `cart_operations` (
	`op_id` text PRIMARY KEY NOT NULL,
	`counter_id` text NOT NULL,
	`kind` text NOT NULL,
	`result` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cart_operations_created` ON `cart_operations` (`created_at`);--> statement-breakpoint
CREATE TABLE `counter_sessions` (
	`counter_id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`order_id` text NOT NULL,
	`state` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`name` text NOT NULL,
	`customer_id` text,
	`customer_name` text,
	`state` text NOT NULL,
	`line_count` integer NOT NULL,
	`total` integer NOT NULL,
	`created_by` text,
	`from_counter_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drafts_branch` ON `drafts` (`branch_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customers_phone` ON `customers` (`phone`);--> statement-breakpoint
CREATE INDEX `customers_name` ON `customers` (`name`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`request_hash` text NOT NULL,
	`document_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`variant_id` text NOT NULL,
	`title` text NOT NULL,
	`sku` text NOT NULL,
	`unit` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`catalog_price` integer NOT NULL,
	`gross` integer NOT NULL,
	`line_discount` integer NOT NULL,
	`order_discount` integer NOT NULL,
	`discount_json` text,
	`tax_rate_bps` integer NOT NULL,
	`tax` integer NOT NULL,
	`net` integer NOT NULL,
	`total` integer NOT NULL,
	`salesperson_id` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_lines_order_no` ON `order_lines` (`order_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `order_lines_variant` ON `order_lines` (`variant_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`counter_id` text NOT NULL,
	`shift_id` text NOT NULL,
	`receipt_number` text NOT NULL,
	`receipt_seq` integer NOT NULL,
	`business_date` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`customer_id` text,
	`customer_name` text,
	`staff_id` text,
	`salesperson_id` text,
	`note` text DEFAULT '' NOT NULL,
	`prices_include_tax` integer NOT NULL,
	`order_discount_json` text,
	`subtotal` integer NOT NULL,
	`discount_total` integer NOT NULL,
	`tax_total` integer NOT NULL,
	`total` integer NOT NULL,
	`rounding` integer NOT NULL,
	`amount_due` integer NOT NULL,
	`tendered` integer NOT NULL,
	`change` integer NOT NULL,
	`request_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_receiptNumber_unique` ON `orders` (`receipt_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_counter_seq` ON `orders` (`counter_id`,`receipt_seq`);--> statement-breakpoint
CREATE INDEX `orders_shift` ON `orders` (`shift_id`);--> statement-breakpoint
CREATE INDEX `orders_business_date` ON `orders` (`business_date`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`tendered` integer NOT NULL,
	`change` integer NOT NULL,
	`reference` text,
	`last4` text,
	`provider` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_order` ON `payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `receipt_sequences` (
	`counter_id` text PRIMARY KEY NOT NULL,
	`last_seq` integer NOT NULL,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `shift_tender_totals` (
	`shift_id` text NOT NULL,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`shift_id`, `method`),
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`counter_id` text NOT NULL,
	`status` text NOT NULL,
	`business_date` text NOT NULL,
	`opened_by` text,
	`opening_float` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_by` text,
	`closed_at` integer,
	`counted_cash` integer,
	`rescue_of` text,
	`sales_count` integer DEFAULT 0 NOT NULL,
	`sales_total` integer DEFAULT 0 NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shifts_one_open_per_counter` ON `shifts` (`counter_id`) WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX `shifts_one_rescue_per_counter` ON `shifts` (`counter_id`) WHERE status = 'rescue' and closed_at is null;--> statement-breakpoint
CREATE INDEX `shifts_business_date` ON `shifts` (`business_date`);