CREATE TABLE `internal_barcodes` (
	`variant_id` text PRIMARY KEY NOT NULL,
	`barcode` text NOT NULL,
	`assigned_by` text,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `internal_barcodes_barcode_unique` ON `internal_barcodes` (`barcode`);