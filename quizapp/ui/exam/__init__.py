"""The mock-exam screens: setup, the sitting, confirmation, results and review, history, PDF export."""
