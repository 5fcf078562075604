"""The VSS assessment gateway (compatible API): token and card-history answers."""
