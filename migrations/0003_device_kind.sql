ALTER TABLE `devices` ADD `kind` text DEFAULT 'counter' NOT NULL;--> statement-breakpoint
ALTER TABLE `pairing_codes` ADD `kind` text DEFAULT 'counter' NOT NULL;