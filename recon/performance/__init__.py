"""Performance of decisions, 调解书 and 和解协议 (履行; arts. 77, 78, 83; issues 14 and 15): the
obligation, its due date on the deadline board, the 责令履行通知书 and the enforcement record."""
