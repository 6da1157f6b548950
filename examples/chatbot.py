"""A chat bot on top of `qa serve`, with the official openai client.

qa serve &            # http://127.0.0.1:8000
python examples/chatbot.py
"""

from openai import OpenAI

client = OpenAI(base_url="http://127.0.0.1:8000/v1", api_key="unused-unless-qa-serve---api-key")
messages = []
for question in ["What gifts did Kim receive from the governor of the Primorsky region?", "Where did he get them?"]:
    messages.append({"role": "user", "content": question})
    stream = client.chat.completions.create(model="qa", messages=messages, stream=True)
    answer, citations = "", []
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            answer += chunk.choices[0].delta.content
            print(chunk.choices[0].delta.content, end="", flush=True)
        citations = (chunk.model_extra or {}).get("citations", citations)
    print()
    for c in citations:
        print(f"  [{c['file']} ¶{c['paragraph']}] {c['text'][:100]}")
    messages.append({"role": "assistant", "content": answer})
