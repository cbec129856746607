print("auditstack")
