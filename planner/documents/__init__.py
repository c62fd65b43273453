"""Documents by symbol: reports, agendas and notes of an event, per language, attached to its
sessions and to the paragraphs they answer (issue 16)."""
