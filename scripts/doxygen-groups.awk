# A comment documents the declarations that follow it, up to the next blank
# line: each such run becomes a Doxygen member group (DISTRIBUTE_GROUP_DOC
# gives every overload in it the comment).  Lines are kept one for one.
function code(s) {
	sub(/\/\/.*/, "", s); gsub(/"([^"\\]|\\.)*"/, "", s); gsub(/'([^'\\]|\\.)*'/, "", s)
	return s
}
function indent(s) { match(s, /^[ \t]*/); return substr(s, 1, RLENGTH) }
function close_before(s) { ingroup = 0; return indent(s) "/**@}*/ " substr(s, length(indent(s)) + 1) }
function head(s) {
	# not a member group: a type, a namespace, a preprocessor line, an access label
	s = code(s); sub(/^[ \t]*template[ \t]*<[^>]*>[ \t]*/, "", s)
	if (s ~ /^[ \t]*(class|struct|union|enum)[ \t]+[A-Za-z_][A-Za-z_0-9]*[ \t]*[*&]/)
		return 0 # `struct page *f()`: a function returning a C type
	return s ~ /^[ \t]*(class|struct|union|enum|namespace|typedef|extern)([^A-Za-z0-9_]|$)/ || s ~ /^[ \t]*#/ ||
	       s ~ /^[ \t]*(public|private|protected):/ || s ~ /^[ \t]*[}]/ || s ~ /^[ \t]*template[ \t]*<[^>]*$/
}
{
	line = $0
	if (incomment) {
		buf[n++] = line
		if (line ~ /\*\//) incomment = 0
		next
	}
	if (n > 0 && line ~ /^[ \t]*$/ && !tpl) { buf[n++] = line; next }
	# a `//` note between a comment and its declarations is the comment's
	if (n > 0 && line ~ /^[ \t]*\/\// && !tpl) { buf[n++] = line; next }
	if (n > 0 && !tpl && line ~ /^template[ \t]*<.*>[ \t]*$/) { tpl = 1; decl = first = ""; buf[n++] = line; next }
	if (n > 0 && tpl && first == "") first = line
	if (n > 0 && tpl && code(line) !~ /[(;{]/) { decl = decl " " code(line); buf[n++] = line; next }
	if (n > 0) {
		# the comment is over: does a member run follow it?  (Not an
		# out-of-class definition, `template <...>` then `X<...>::f(`: it
		# is documented where it is declared.)
		mark = closing ? "/**@}*/ " : ""
		if (!head(tpl ? first : line) && line !~ /^[ \t]*\/[*\/]/ && !(tpl && (decl " " code(line)) ~ /::~?[A-Za-z_][A-Za-z_0-9]*[ \t]*\(/)) {
			mark = mark "/**@{*/ "
			ingroup = 1; depth = 0
		}
		buf[0] = indent(buf[0]) mark substr(buf[0], length(indent(buf[0])) + 1)
		closing = 0; tpl = 0
		for (i = 0; i < n; i++) print buf[i]
		n = 0
	}
	if (ingroup && depth == 0) {
		if (line ~ /^[ \t]*$/) { print "/**@}*/"; ingroup = 0; next }
		if (line ~ /^[ \t]*\/\*\*/) { closing = 1; ingroup = 0 }
		else if (head(line)) line = close_before(line)
	}
	# ($0: a line close_before() began with the group's end is no comment)
	if ($0 ~ /^[ \t]*\/\*\*/ && (!ingroup || depth == 0)) {
		buf[n++] = line
		incomment = (line !~ /\*\//)
		next
	}
	if (ingroup) {
		c = code(line); o = gsub(/{/, "{", c); k = gsub(/}/, "}", c)
		if (depth + o - k < 0) { line = close_before(line); depth = 0 } else depth += o - k
	}
	print line
}
END { for (i = 0; i < n; i++) print buf[i]; if (ingroup) print "/**@}*/" }
