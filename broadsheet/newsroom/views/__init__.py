"""The desk (编辑台): the newsroom's screens, thin views over ``newsroom.services``."""
