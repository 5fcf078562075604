"""Collection: bills, payments and their allocation, arrears and late-payment interest."""
