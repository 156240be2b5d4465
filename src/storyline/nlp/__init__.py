"""NLP stage: the spaCy model and the components that read its parse directly."""
