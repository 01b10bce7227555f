"""Views of the meetings app: pages (reading), documents (files and downloads), edit (Secretariat)."""
