CREATE TABLE `internal_barcodes` (
	`variant_id` text PRIMARY KEY NOT NULL,
	`barcode` text NOT NULL,
	`assigned_by` text,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `internal_barcodes_barcode_unique` ON `internal_barcodes` (`barcode`);--> statement-breakpoint
CREATE TABLE `hardware_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`name` text NOT NULL,
	`model` text,
	`vendor_id` text,
	`product_id` text,
	`serial` text,
	`usb_port` text,
	`ieee1284_id` text,
	`counter_id` text,
	`printer_id` text,
	`connected` integer NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`last_error` text,
	`last_error_at` integer,
	`last_scan_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hardware_devices_key` ON `hardware_devices` (`key`);--> statement-breakpoint
CREATE INDEX `hardware_devices_path` ON `hardware_devices` (`path`);--> statement-breakpoint
ALTER TABLE `devices` ADD `kind` text DEFAULT 'counter' NOT NULL;--> statement-breakpoint
ALTER TABLE `pairing_codes` ADD `kind` text DEFAULT 'counter' NOT NULL;--> statement-breakpoint
ALTER TABLE `shopify_locations` ADD `deleted_at` integer;