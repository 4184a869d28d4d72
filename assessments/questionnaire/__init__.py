"""The respondent's questionnaire, reached through a personal link: views, form, reads and URLs."""
