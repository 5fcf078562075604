"""Life events across agencies: the civil registry's births and deaths, through a signed inbox."""
