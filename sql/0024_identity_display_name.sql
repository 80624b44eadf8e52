-- The name an account shows to others (chat labels), instead of its e-mail address. Empty for accounts
-- made before it existed: they show the part of the address before '@'.

ALTER TABLE identity_users ADD COLUMN IF NOT EXISTS display_name varchar(60) NOT NULL DEFAULT '';
