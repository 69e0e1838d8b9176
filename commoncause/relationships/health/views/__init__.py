"""The health check's pages under /health-checks/. Thin: find the record, check the rule, call a service
or a selector, render."""
