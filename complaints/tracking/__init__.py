"""The complainant's status look-up (/track/): ticket number plus the phone's last 4 digits."""
