"""The officers' workspace: "My cases", the desk queue, saved filters, bulk actions."""
