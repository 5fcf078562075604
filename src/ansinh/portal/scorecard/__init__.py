"""The Project 06 scorecard (Decision 06/QĐ-TTg): the seed's figures, computed live."""
