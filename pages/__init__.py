"""Who we are: editable site pages (À propos, Rédaction, Mentions légales…) and the contact form."""
