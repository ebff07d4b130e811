"""Page classifiers, field extractors and image checks. Pure functions over page text and pixels."""
