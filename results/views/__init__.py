"""The results app's views: the page (`page`), its curation (`curation`), downloads (`exports`)."""
