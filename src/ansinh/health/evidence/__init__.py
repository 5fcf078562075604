"""Electronic evidence from hospitals: PL02 certificates received, verified, stored, announced."""
