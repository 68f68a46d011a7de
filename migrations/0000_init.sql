CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`branch_id` text,
	`counter_id` text,
	`device_id` text,
	`staff_id` text,
	`approver_id` text,
	`entity_type` text,
	`entity_id` text,
	`reason` text,
	`amount` integer,
	`details` text DEFAULT '{}' NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_id_unique` ON `audit_log` (`id`);--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_action` ON `audit_log` (`action`);--> statement-breakpoint
CREATE INDEX `audit_log_staff` ON `audit_log` (`staff_id`);--> statement-breakpoint
CREATE TABLE `branches` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`time_zone` text NOT NULL,
	`currency` text NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `branches_code_unique` ON `branches` (`code`);--> statement-breakpoint
CREATE TABLE `counters` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counters_branch_code` ON `counters` (`branch_id`,`code`);--> statement-breakpoint
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
CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`vendor` text DEFAULT '' NOT NULL,
	`product_type` text DEFAULT '' NOT NULL,
	`category_id` text,
	`active` integer DEFAULT true NOT NULL,
	`shopify_product_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_shopifyProductId_unique` ON `products` (`shopify_product_id`);--> statement-breakpoint
CREATE INDEX `products_category` ON `products` (`category_id`);--> statement-breakpoint
CREATE TABLE `tax_classes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`rate_bps` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tax_classes_name_unique` ON `tax_classes` (`name`);--> statement-breakpoint
CREATE TABLE `variant_barcodes` (
	`barcode` text PRIMARY KEY NOT NULL,
	`variant_id` text NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `variant_barcodes_variant` ON `variant_barcodes` (`variant_id`);--> statement-breakpoint
CREATE TABLE `variants` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`title` text NOT NULL,
	`sku` text DEFAULT '' NOT NULL,
	`price` integer NOT NULL,
	`compare_at_price` integer,
	`tax_class_id` text,
	`unit` text DEFAULT 'each' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`shopify_variant_id` text,
	`shopify_inventory_item_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tax_class_id`) REFERENCES `tax_classes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `variants_shopifyVariantId_unique` ON `variants` (`shopify_variant_id`);--> statement-breakpoint
CREATE INDEX `variants_product` ON `variants` (`product_id`);--> statement-breakpoint
CREATE INDEX `variants_sku` ON `variants` (`sku`);--> statement-breakpoint
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
CREATE TABLE `stock_levels` (
	`variant_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`on_hand` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`variant_id`, `branch_id`),
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`variant_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`delta` integer NOT NULL,
	`reason` text NOT NULL,
	`document_type` text NOT NULL,
	`document_id` text NOT NULL,
	`staff_id` text,
	`counter_id` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_movements_variant_branch` ON `stock_movements` (`variant_id`,`branch_id`);--> statement-breakpoint
CREATE INDEX `stock_movements_document` ON `stock_movements` (`document_type`,`document_id`);--> statement-breakpoint
CREATE TABLE `print_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`printer_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`bytes` blob NOT NULL,
	`fault_bytes` blob,
	`document` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`reprint_of` text,
	`requested_by` text,
	`reason` text,
	`document_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`printed_at` integer,
	FOREIGN KEY (`printer_id`) REFERENCES `printers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `print_jobs_printer_status` ON `print_jobs` (`printer_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `printers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`columns` integer DEFAULT 48 NOT NULL,
	`codepage` text DEFAULT 'cp437' NOT NULL,
	`drawer_pin` integer DEFAULT 2 NOT NULL,
	`drawer_on_ms` integer DEFAULT 100 NOT NULL,
	`drawer_off_ms` integer DEFAULT 500 NOT NULL,
	`drawer_open_level` text DEFAULT 'high' NOT NULL,
	`counter_id` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `receipt_templates` (
	`branch_id` text PRIMARY KEY NOT NULL,
	`header_lines` text DEFAULT '[]' NOT NULL,
	`footer_lines` text DEFAULT '[]' NOT NULL,
	`logo_png` blob,
	`blocks` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX `shifts_business_date` ON `shifts` (`business_date`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_tokenHash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`permission` text NOT NULL,
	`approver_id` text NOT NULL,
	`requester_staff_id` text,
	`counter_id` text,
	`reason` text,
	`amount` integer,
	`amount_bps` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`approver_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `counter_lockouts` (
	`counter_id` text PRIMARY KEY NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `custom_roles` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`permissions` text NOT NULL,
	`max_discount_bps` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_roles_name_unique` ON `custom_roles` (`name`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`counter_id` text NOT NULL,
	`credential_hash` text NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`paired_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_credentialHash_unique` ON `devices` (`credential_hash`);--> statement-breakpoint
CREATE INDEX `devices_counter` ON `devices` (`counter_id`);--> statement-breakpoint
CREATE TABLE `pairing_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`counter_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`device_id` text,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pairing_codes_codeHash_unique` ON `pairing_codes` (`code_hash`);--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`device_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_active_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`locked_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_sessions_tokenHash_unique` ON `staff_sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `staff_sessions_device` ON `staff_sessions` (`device_id`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`role_id` text NOT NULL,
	`pin_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_code_unique` ON `staff` (`code`);--> statement-breakpoint
CREATE INDEX `staff_branch` ON `staff` (`branch_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`target` text NOT NULL,
	`kind` text NOT NULL,
	`document_type` text NOT NULL,
	`document_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` integer NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`synced_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotencyKey_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`target`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_document` ON `outbox` (`document_type`,`document_id`);--> statement-breakpoint
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
	`ambiguous_since` integer,
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
--> statement-breakpoint
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