"""The case register (案件登记): case numbers, causes of action, parties and their masking,
trial units, rule-based allocation (分案) and the statutory time-limit clock (审限)."""
