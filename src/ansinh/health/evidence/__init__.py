"""Electronic medical evidence from hospitals: sick-leave, birth and death certificates."""
