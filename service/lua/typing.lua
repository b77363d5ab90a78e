--! family rooms
--! arg room id
--! arg uid id
--! arg json str
-- Tells the room that uid is typing (json: the typing event). Answers {}.
publish_room(room, EV.typing, uid, json)
return '{}'
