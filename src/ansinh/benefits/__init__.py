"""Benefits: what a person may claim, estimated from the SI book through the rules engine."""
