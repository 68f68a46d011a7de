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
