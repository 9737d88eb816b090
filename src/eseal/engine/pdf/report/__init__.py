"""The verification report: its model, the JSON serializer, the Chinese PDF report and its seal."""
