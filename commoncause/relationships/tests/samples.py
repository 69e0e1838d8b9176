ORG = "GB-NIC-100002"  # the `charity` fixture's organisation
